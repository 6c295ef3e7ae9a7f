import { servicePrismaConfig } from '../../libs/persistence/prisma-config';

export default servicePrismaConfig(__dirname);

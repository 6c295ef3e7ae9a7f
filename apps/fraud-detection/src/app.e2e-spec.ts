import { describeServiceBasics } from '@surge/testing';
import { AppModule } from './app.module';

describeServiceBasics('fraud-detection', AppModule);

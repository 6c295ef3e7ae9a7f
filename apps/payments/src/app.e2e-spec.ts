import { describeServiceBasics } from '@surge/service-testing';
import { AppModule } from './app.module';

describeServiceBasics('payments', AppModule);

export { sagaAnswers } from './saga-answers';
export { type Neighbours, startNeighbours } from './neighbours';
export { type CollectOptions, type Collected, type PublishedEvents, collectPublished } from './published-events';
export { type EventRef, type ServiceHarness, type ServiceHarnessOptions, startServiceHarness } from './service-harness';
export { type RunningService, type ServiceAppModule, startServiceApp } from './service-app';
export { describeServiceBasics } from './service-basics';

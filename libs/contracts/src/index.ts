export * from './generated';
export * from './catalogue';
export * from './compatibility';
export * from './envelope';
export * from './operations';

export * from './pagination';
export * from './validators';
export * from './transforms';

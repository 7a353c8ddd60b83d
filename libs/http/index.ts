export * from './pagination';
export * from './validators';
export * from './transforms';
export * from './plain-text';
export * from './input-guard';

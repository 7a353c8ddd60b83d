export * from './languages';
export * from './regions';

export * from './catalog';
export * from './http-exception.filter';

export * from './languages';
export * from './mail-transport.service';

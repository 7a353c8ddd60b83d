export * from './mail-transport.service';

export * from './pure';

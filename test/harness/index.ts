export * from './create-test-app';
export * from './smtp-server';
export * from './pool-exhaustion';
export * from './live';

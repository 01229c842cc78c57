/**
 * Applicant emails in Vietnamese (plain text + simple HTML). Written as TypeScript so that the build
 * (tsc to dist/) carries them along with the code; each is a function of the data it shows.
 */
export * from './layout';
export { receivedMail } from './received';
export { supplementRequestedMail } from './supplement-requested';
export { apologyMail } from './apology';
export { resultReadyMail } from './result-ready';
export { refusedMail } from './refused';

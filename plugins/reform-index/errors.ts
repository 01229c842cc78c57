import { DomainError, type LocalizedText } from '../../src';

/** Error codes of the reform-index plugin (besides the core's BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT). */
export const ReformIndexErrorCodes = {
  /** The round is not in the stage the change needs (self-scoring after the self-assessment stage…). */
  roundStage: 'ASSESSMENT_ROUND_STAGE',
  /** A self-score outside the round's self-assessment window (local dates, deadline on the working calendar). */
  selfAssessmentWindow: 'SELF_ASSESSMENT_WINDOW',
} as const;

export class RoundStageError extends DomainError {
  constructor(message: LocalizedText, status: string) {
    super(ReformIndexErrorCodes.roundStage, message, { status });
  }
}

/**
 * Self-scoring before the round opens or after its self-assessment deadline. The details say which
 * window and which day the platform took as today, so a client can tell "not yet" from "too late".
 */
export class SelfAssessmentWindowError extends DomainError {
  constructor(
    message: LocalizedText,
    details: { opensOn: string; selfAssessmentDueOn: string; today: string; reason: 'NOT_OPEN' | 'CLOSED' },
  ) {
    super(ReformIndexErrorCodes.selfAssessmentWindow, message, details);
  }
}

import { DomainError } from '../../src';

/** Error codes of the reform-index plugin (besides the core's BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT). */
export const ReformIndexErrorCodes = {
  /** The round is not in the stage the change needs (self-scoring after the self-assessment stage…). */
  roundStage: 'ASSESSMENT_ROUND_STAGE',
} as const;

export class RoundStageError extends DomainError {
  constructor(message: string, status: string) {
    super(ReformIndexErrorCodes.roundStage, message, { status });
  }
}

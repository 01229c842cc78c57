import { defineListOrder, OrderDirection } from '../../src';
import type { AssessmentRound } from './entities/round.entity';

// The orders the reform-index plugin's lists offer (`orderBy: { field, direction }`); the id breaks ties.

export const AssessmentRoundOrder = defineListOrder<AssessmentRound, 'OPENS_ON' | 'YEAR'>(
  'AssessmentRoundOrder',
  { OPENS_ON: ['opensOn'], YEAR: ['year', 'opensOn'] },
  { field: 'OPENS_ON', direction: OrderDirection.DESC },
  'Order of the assessment rounds list',
);

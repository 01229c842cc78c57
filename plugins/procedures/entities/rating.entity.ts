import { Entity, ManyToOne, Property, Unique, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../../src';
import { Dossier } from './dossier.entity';

/** The nine criteria of the agency satisfaction survey, each scored 1 (very dissatisfied) to 5 (very satisfied). */
export const SURVEY_CRITERIA = [
  'totalTime', // total time versus the rule
  'timeAtEachAgency', // time at each agency involved
  'contacts', // number of contacts needed to complete the dossier
  'agenciesContacted', // number of agencies contacted
  'oneStopHandled', // reception and return done at the one-stop desk
  'publiclyListed', // procedures publicly listed
  'attitude', // attitude of the officials
  'feedbackHandling', // handling of feedback
  'onlineServices', // progress and quality of online services
] as const;
export type SurveyCriterion = (typeof SURVEY_CRITERIA)[number];

/** One applicant's rating of one dossier (at most one), with the survey; denormalised for aggregates. */
@Entity({ tableName: 'procedures_rating' })
export class Rating extends BaseEntity {
  @ManyToOne(() => Dossier, { ref: true, deleteRule: 'cascade' })
  @Unique()
  dossier!: Ref<Dossier>;

  /** 5 very satisfied, 4 satisfied, 3 neutral, 2 dissatisfied, 1 very dissatisfied. */
  @Property({ type: 'smallint' })
  rating!: number;

  @Property({ type: 'text', nullable: true })
  comment: string | null = null;

  @Property({ type: 'json' })
  survey: Partial<Record<SurveyCriterion, number>> = {};

  @Property({ type: 'timestamptz' })
  ratedAt!: Date;

  @Property({ type: 'uuid' })
  unitId!: string;

  @Property({ type: 'uuid' })
  agencyId!: string;

  /** Lĩnh vực of the dossier, for statistics per field. */
  @Property({ type: 'text' })
  field!: string;

  @Property({ type: 'uuid', nullable: true })
  deskId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  officialId: string | null = null;
}

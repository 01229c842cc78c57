import { Entity, Enum, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../../src';
import { DeadlineUnit } from '../../staff';
import { DossierAction, DossierStatus, Timeliness } from '../domain/enums';
import { OneStopForm } from '../domain/forms';
import { Dossier } from './dossier.entity';

/**
 * One transition of a dossier. Hand-over steps (reception, transfer, result back to the desk,
 * return) start a hold by the receiving agency or department: given at, received at (accepted),
 * due at (its time budget), finished at (passed on) and the verdict of that hold. Other steps are
 * instants (given = received = finished). The steps in order are the control slip (phiếu kiểm soát).
 */
@ObjectType({ description: 'A step of a dossier: a row of the control slip (phiếu kiểm soát)' })
@Entity({ tableName: 'procedures_dossier_step' })
export class DossierStep extends BaseEntity {
  @ManyToOne(() => Dossier, { ref: true, deleteRule: 'cascade' })
  dossier!: Ref<Dossier>;

  @Field(() => Int, { description: '1, 2, 3 ... in order' })
  @Property({ type: 'int' })
  seq!: number;

  @Field(() => DossierAction)
  @Enum({ items: () => DossierAction, nativeEnumName: 'procedures_action' })
  action!: DossierAction;

  @Field({ description: 'Moves the dossier to another holder (a row with its own hold and verdict)' })
  @Property({ type: 'boolean' })
  handover: boolean = false;

  @Field(() => DossierStatus, { nullable: true })
  @Property({ type: 'smallint', nullable: true })
  fromStatus: DossierStatus | null = null;

  @Field(() => DossierStatus)
  @Property({ type: 'smallint' })
  toStatus!: DossierStatus;

  @Field(() => ID, { nullable: true })
  @Property({ type: 'uuid', nullable: true })
  actorId: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  actorName: string | null = null;

  @Field(() => ID, { nullable: true })
  @Property({ type: 'uuid', nullable: true })
  fromAgencyId: string | null = null;

  @Field(() => ID, { nullable: true })
  @Property({ type: 'uuid', nullable: true })
  fromDepartmentId: string | null = null;

  @Field(() => ID, { nullable: true })
  @Property({ type: 'uuid', nullable: true })
  toAgencyId: string | null = null;

  @Field(() => ID, { nullable: true })
  @Property({ type: 'uuid', nullable: true })
  toDepartmentId: string | null = null;

  @Field(() => Date, { description: 'Handed over (or done)' })
  @Property({ type: 'timestamptz' })
  givenAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Accepted by the receiving holder' })
  @Property({ type: 'timestamptz', nullable: true })
  receivedAt: Date | null = null;

  @Field(() => Date, { nullable: true, description: "End of this hold's time budget" })
  @Property({ type: 'timestamptz', nullable: true })
  dueAt: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'The holder passed it on' })
  @Property({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null = null;

  @Field(() => Timeliness, {
    nullable: true,
    description: 'EARLY / ON_TIME / LATE of this hold, once finished',
  })
  @Enum({ items: () => Timeliness, nativeEnumName: 'procedures_timeliness', nullable: true })
  verdict: Timeliness | null = null;

  @Field(() => Float, { nullable: true })
  @Property({ type: 'double', nullable: true })
  budgetAmount: number | null = null;

  @Field(() => DeadlineUnit, { nullable: true })
  @Property({ type: 'text', nullable: true })
  budgetUnit: DeadlineUnit | null = null;

  @Field(() => OneStopForm, {
    nullable: true,
    description: 'Form issued with the step (numbers, titles and legal basis: oneStopForms)',
  })
  @Enum({ items: () => OneStopForm, type: 'text', nullable: true })
  form: OneStopForm | null = null;

  @Field(() => String, { nullable: true, description: 'Reason or note' })
  @Property({ type: 'text', nullable: true })
  note: string | null = null;
}

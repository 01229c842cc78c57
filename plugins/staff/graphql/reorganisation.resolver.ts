import {
  Arg,
  Authorized,
  Ctx,
  Field,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Resolver,
  registerEnumType,
} from 'type-graphql';
import { BadInputError, type RequestContext, DateScalar } from '../../../src';
import { AdministrativeUnit } from '../entities/administrative-unit.entity';
import { SuccessionKind, UnitSuccession } from '../entities/unit-succession.entity';
import { UnitType } from '../entities/unit-type';
import { StaffPermissions } from '../permissions';
import { importUnits } from '../services/unit-import.service';
import { reorganisation } from '../services/reorganisation.service';

enum UnitPeriod {
  /** Valid until the reform (1 July 2025). */
  OLD = 'OLD',
  /** Valid from the reform on. */
  NEW = 'NEW',
}
registerEnumType(UnitPeriod, { name: 'UnitPeriod', description: 'Side of the 2025 reform a unit lies on' });

enum UnitImportSeverity {
  /** The row or link was skipped; a strict import is refused. */
  ERROR = 'ERROR',
  /** Noted (an inconsistency between the files, a corrected name); imported anyway. */
  WARNING = 'WARNING',
}
registerEnumType(UnitImportSeverity, { name: 'UnitImportSeverity' });

@InputType({ description: 'The GSO-style files of vn-admin-units-2025, as JSON text' })
class ImportAdministrativeUnitsInput {
  @Field({
    description: 'merges.json: the new structure, each new unit with the old units it was formed from',
  })
  mergesJson!: string;
  @Field({ description: 'splits.json: the old structure, each old unit with the new units it went to' })
  splitsJson!: string;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Refuse the whole import when any row has a problem of severity ERROR',
  })
  strict?: boolean | null;
  @Field(() => String, {
    nullable: true,
    description: 'Only this new province (2-digit code) and the old units it came from',
  })
  province?: string | null;
}

@ObjectType()
class UnitImportCountType {
  @Field(() => Int) level!: number;
  @Field(() => UnitPeriod) period!: UnitPeriod;
  @Field(() => Int) created!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int) unchanged!: number;
}

@ObjectType()
class UnitImportSuccessionCount {
  @Field(() => Int) created!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int) unchanged!: number;
}

@ObjectType({ description: 'A row of the files that was skipped (ERROR) or noted (WARNING)' })
class UnitImportProblemType {
  @Field(() => UnitImportSeverity) severity!: UnitImportSeverity;
  @Field({ description: 'merges.json, splits.json, or database (a clash with a stored unit)' }) file!: string;
  @Field({ description: 'Where in the file, e.g. data[21].level3s[5]' }) location!: string;
  @Field(() => String, { nullable: true }) code!: string | null;
  @Field() message!: string;
}

@ObjectType({ description: 'What an import of administrative units did' })
class ImportAdministrativeUnitsPayload {
  @Field(() => [UnitImportCountType]) units!: UnitImportCountType[];
  @Field(() => UnitImportSuccessionCount) successions!: UnitImportSuccessionCount;
  @Field(() => [UnitImportProblemType]) problems!: UnitImportProblemType[];
  @Field(() => Int) errorCount!: number;
  @Field(() => Int) warningCount!: number;
  @Field() strict!: boolean;
  @Field(() => String, { nullable: true }) province!: string | null;
  @Field(() => Int) durationMs!: number;
}

@InputType()
class ReorganisationNewUnitInput {
  @Field() code!: string;
  @Field() name!: string;
  @Field(() => UnitType) type!: UnitType;
  @Field(() => String, {
    nullable: true,
    description: 'Parent: a new unit of this reorganisation or a unit open on the effective date',
  })
  parentCode?: string | null;
}

@InputType()
class ReorganisationMappingInput {
  @Field(() => ID, { nullable: true }) oldUnitId?: string | null;
  @Field(() => String, { nullable: true, description: 'Code of a unit open before the effective date' })
  oldCode?: string | null;
  @Field({
    description:
      'Code of a new unit, or of a unit open on the effective date that takes over (part of) the old one',
  })
  newCode!: string;
  @Field(() => SuccessionKind) kind!: SuccessionKind;
}

@InputType()
class ReorganisationMoveInput {
  @Field(() => ID, { nullable: true }) unitId?: string | null;
  @Field(() => String, { nullable: true }) code?: string | null;
  @Field() newParentCode!: string;
}

@InputType({
  description: 'A reform: old units close on effectiveDate, new ones open, successions link them',
})
class ApplyReorganisationInput {
  @Field(() => DateScalar, { description: 'First day of the new structure, YYYY-MM-DD' })
  effectiveDate!: string;
  @Field(() => [ReorganisationNewUnitInput], { nullable: true }) newUnits?:
    ReorganisationNewUnitInput[] | null;
  @Field(() => [ReorganisationMappingInput]) mapping!: ReorganisationMappingInput[];
  @Field(() => [ReorganisationMoveInput], {
    nullable: true,
    description: 'Units that stay but change parent (children of closed units)',
  })
  moves?: ReorganisationMoveInput[] | null;
}

@ObjectType()
class ReorganisationSuccessor {
  @Field(() => ID) unitId!: string;
  @Field() code!: string;
  @Field(() => SuccessionKind) kind!: SuccessionKind;
}

@ObjectType({ description: 'The UnitReorganised event published for a closed unit' })
class ReorganisationEventType {
  @Field(() => ID) oldUnitId!: string;
  @Field() oldUnitCode!: string;
  @Field(() => [ReorganisationSuccessor]) successors!: ReorganisationSuccessor[];
  @Field(() => ID, {
    nullable: true,
    description: 'Where things of the old unit move: the FULL successor, else the first PARTIAL one by code',
  })
  successorUnitId!: string | null;
  @Field(() => DateScalar) effectiveDate!: string;
}

@ObjectType({
  description: 'What a reorganisation closed, opened, moved and linked, and the events it published',
})
class ApplyReorganisationPayload {
  @Field(() => DateScalar) effectiveDate!: string;
  @Field(() => [AdministrativeUnit]) closedUnits!: AdministrativeUnit[];
  @Field(() => [AdministrativeUnit]) openedUnits!: AdministrativeUnit[];
  @Field(() => [AdministrativeUnit]) movedUnits!: AdministrativeUnit[];
  @Field(() => [UnitSuccession]) successions!: UnitSuccession[];
  @Field(() => Int, { description: 'Agencies moved from a closed unit to its successor' })
  movedAgencies!: number;
  @Field(() => Int, { description: 'Role assignments moved from a closed unit to its successor' })
  movedRoleAssignments!: number;
  @Field(() => [ReorganisationEventType]) events!: ReorganisationEventType[];
}

function parseJson(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadInputError(`${field} is not valid JSON: ${(error as Error).message}`, { field });
  }
}

@Resolver()
export class ReorganisationResolver {
  @Authorized(StaffPermissions.unitsManage)
  @Mutation(() => ImportAdministrativeUnitsPayload, {
    description: 'Imports the 2025 reform from merges.json and splits.json (platform-wide; idempotent)',
  })
  importAdministrativeUnits(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ImportAdministrativeUnitsInput) input: ImportAdministrativeUnitsInput,
  ) {
    return importUnits(ctx, {
      merges: parseJson(input.mergesJson, 'mergesJson'),
      splits: parseJson(input.splitsJson, 'splitsJson'),
      strict: input.strict ?? false,
      province: input.province ?? null,
    });
  }

  @Authorized(StaffPermissions.unitsManage)
  @Mutation(() => ApplyReorganisationPayload, {
    description:
      'Applies a reorganisation as one operation: close, open, link, re-home, publish UnitReorganised',
  })
  applyReorganisation(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ApplyReorganisationInput) input: ApplyReorganisationInput,
  ) {
    return reorganisation.apply(ctx, input);
  }
}

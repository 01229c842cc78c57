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
import type { RequestContext } from '../../../src';
import { StaffPermissions } from '../permissions';
import { officialImport } from '../services/official-import.service';

export enum OfficialImportRowStatus {
  CREATED = 'CREATED',
  WOULD_CREATE = 'WOULD_CREATE',
  UNCHANGED = 'UNCHANGED',
  INVALID = 'INVALID',
}
registerEnumType(OfficialImportRowStatus, {
  name: 'OfficialImportRowStatus',
  valuesConfig: {
    CREATED: { description: 'Created by this import' },
    WOULD_CREATE: { description: 'Valid; a real run creates it (dry run)' },
    UNCHANGED: { description: 'The official already exists with the same data: skipped' },
    INVALID: { description: 'Not imported; see errors' },
  },
});

@ObjectType({ description: 'A problem with one cell (or row) of the imported CSV' })
class OfficialImportError {
  @Field(() => Int, { nullable: true, description: 'Line of the file the row starts on (header = 1)' }) row!:
    number | null;
  @Field(() => String, { nullable: true, description: 'CSV column, e.g. agency_electronic_id' }) column!:
    string | null;
  @Field() message!: string;
}

@ObjectType()
class OfficialImportRow {
  @Field(() => Int, { description: 'Line of the file the row starts on (header = 1)' }) row!: number;
  @Field(() => OfficialImportRowStatus) status!: OfficialImportRowStatus;
  @Field() fullName!: string;
  @Field(() => String, { nullable: true }) username!: string | null;
  @Field(() => ID, { nullable: true }) officialId!: string | null;
  @Field(() => [OfficialImportError]) errors!: OfficialImportError[];
}

@ObjectType({ description: 'Outcome of an officials import, row by row' })
class ImportOfficialsPayload {
  @Field() dryRun!: boolean;
  @Field(() => Int) total!: number;
  @Field(() => Int) created!: number;
  @Field(() => Int) unchanged!: number;
  @Field(() => Int) invalid!: number;
  @Field(() => [OfficialImportRow]) rows!: OfficialImportRow[];
}

@InputType()
class ImportOfficialsInput {
  @Field({
    description:
      'CSV with a header row: full_name, username, position, title, email, personal_email, phone, agency_electronic_id, department, desk_code, roles',
  })
  csv!: string;
  @Field(() => Boolean, { nullable: true, description: 'Only check the rows; write nothing' })
  dryRun?: boolean;
}

@Resolver()
export class OfficialImportResolver {
  @Authorized(StaffPermissions.officialsManage)
  @Mutation(() => ImportOfficialsPayload, {
    description:
      'Imports officials from CSV: valid rows are created together (all or nothing), invalid rows reported; re-running skips what exists',
  })
  async importOfficials(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ImportOfficialsInput) input: ImportOfficialsInput,
  ): Promise<ImportOfficialsPayload> {
    const result = await officialImport.import(ctx, input.csv, { dryRun: input.dryRun ?? false });
    return {
      ...result,
      rows: result.rows.map((r) => ({ ...r, status: r.status as OfficialImportRowStatus })),
    };
  }
}

import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Extensions,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import {
  ConnectionType,
  dateOfScalar,
  KeysetPageArgs,
  nullIfNotFound,
  type OrderInput,
  type RequestContext,
} from '../../../src';
import { ProcedureOrder } from '../list-orders';
import { Procedure } from '../entities/procedure.entity';
import { ProcedureVersion } from '../entities/procedure-version.entity';
import { ProceduresPermissions } from '../permissions';
import { catalogue, type ProcedureContentInput as ContentData } from '../services/catalogue.service';
import {
  CreateProcedureInput,
  ProcedureContentInput,
  ProcedureFilterInput,
  PublishProcedureVersionInput,
  SetProcedureActiveInput,
} from './catalogue.inputs';

const ProcedureConnection = ConnectionType(Procedure);

function content(input: ProcedureContentInput): ContentData {
  return {
    ...input,
    decisionDate: dateOfScalar(input.decisionDate),
    effectiveFrom: dateOfScalar(input.effectiveFrom)!,
  };
}

@Resolver(() => Procedure)
export class CatalogueResolver {
  @Query(() => ProcedureConnection, {
    description: 'Public: the procedure catalogue, searchable without diacritics',
  })
  procedures(
    @Ctx() ctx: RequestContext,
    @Args() page: KeysetPageArgs,
    @Arg('filter', () => ProcedureFilterInput, { nullable: true }) filter?: ProcedureFilterInput,
    @Arg('orderBy', () => ProcedureOrder.input, {
      nullable: true,
      description: 'Default: by field (lĩnh vực), then national code',
    })
    orderBy?: OrderInput,
  ) {
    return catalogue.list(ctx, filter ?? {}, page, orderBy);
  }

  @Query(() => Procedure, { nullable: true, description: 'Public: one procedure by id or national code' })
  async procedure(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('code', () => String, { nullable: true }) code?: string,
  ) {
    if (id) return nullIfNotFound(catalogue.get(ctx, id));
    if (code) return catalogue.byCode(ctx, code);
    return null;
  }

  @Query(() => [String], { description: 'Public: fields (lĩnh vực) of the catalogue' })
  procedureFields(@Ctx() ctx: RequestContext) {
    return catalogue.fields(ctx);
  }

  @Authorized(ProceduresPermissions.catalogueManage)
  @Mutation(() => Procedure, { description: 'Adds a procedure to the catalogue with its first version' })
  createProcedure(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateProcedureInput) input: CreateProcedureInput,
  ) {
    return catalogue.create(ctx, { ...content(input), code: input.code, unitId: input.unitId });
  }

  @Authorized(ProceduresPermissions.catalogueManage)
  @Mutation(() => Procedure, {
    description: 'Publishes a complete new version; dossiers keep the version they were received under',
  })
  publishProcedureVersion(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => PublishProcedureVersionInput) input: PublishProcedureVersionInput,
  ) {
    return catalogue.publishVersion(ctx, input.procedureId, input.version, content(input));
  }

  @Authorized(ProceduresPermissions.catalogueManage)
  @Mutation(() => Procedure, { description: 'Withdraws a procedure from the catalogue (or brings it back)' })
  setProcedureActive(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SetProcedureActiveInput) input: SetProcedureActiveInput,
  ) {
    return catalogue.setActive(ctx, input.procedureId, input.version, input.active);
  }

  @FieldResolver(() => ProcedureVersion, {
    nullable: true,
    description: 'The version in effect today (null before the first effective date)',
  })
  currentVersion(@Root() procedure: Procedure, @Ctx() ctx: RequestContext) {
    return catalogue.versionInEffect(ctx, procedure.id);
  }

  @FieldResolver(() => ProcedureVersion, {
    description: 'The most recently published version (possibly not in effect yet)',
  })
  latestVersion(@Root() procedure: Procedure, @Ctx() ctx: RequestContext) {
    return catalogue.latestVersion(ctx, procedure);
  }

  @FieldResolver(() => [ProcedureVersion], { description: 'Every version, newest first' })
  versions(@Root() procedure: Procedure, @Ctx() ctx: RequestContext) {
    return catalogue.versions(ctx, procedure.id);
  }

  @FieldResolver(() => String, { description: 'Public page of the procedure: PUBLIC_URL/thu-tuc/<code>' })
  publicUrl(@Root() procedure: Procedure, @Ctx() ctx: RequestContext) {
    return catalogue.publicUrl(ctx, procedure);
  }

  @FieldResolver(() => String, {
    description: 'QR code of the public page as a PNG data URL (data:image/png;base64,...)',
  })
  @Extensions({ cost: 10 })
  qrCodePng(@Root() procedure: Procedure, @Ctx() ctx: RequestContext) {
    return catalogue.qrPng(ctx, procedure);
  }

  @FieldResolver(() => String, { description: 'QR code of the public page as an SVG document' })
  @Extensions({ cost: 5 })
  qrCodeSvg(@Root() procedure: Procedure, @Ctx() ctx: RequestContext) {
    return catalogue.qrSvg(ctx, procedure);
  }
}

@Resolver(() => ProcedureVersion)
export class ProcedureVersionResolver {
  @FieldResolver(() => ID)
  procedureId(@Root() version: ProcedureVersion) {
    return version.procedure.id;
  }
}

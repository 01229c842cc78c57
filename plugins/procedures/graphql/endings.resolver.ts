import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Int,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { DateScalar, dateOfScalar, type RequestContext } from '../../../src';
import { DossierEnding, ENDINGS, endingOf, ReportCounter } from '../domain/endings';
import { DossierEndReason, DossierStatus } from '../domain/enums';
import { Dossier } from '../entities/dossier.entity';
import { ProceduresPermissions as P } from '../permissions';
import { registerBook } from '../services/register.service';

@ObjectType({ description: 'A row of the endings table: how an ending enters Biểu II.06a' })
class DossierEndingRule {
  @Field(() => DossierEnding) ending!: DossierEnding;
  @Field(() => [DossierStatus]) statuses!: DossierStatus[];
  @Field(() => DossierEndReason, { nullable: true }) endReason!: DossierEndReason | null;
  @Field(() => Boolean, { nullable: true, description: 'Resolved with a refusal decision' })
  refusalDecision!: boolean | null;
  @Field({ description: 'Counted in "received"' }) received!: boolean;
  @Field(() => ReportCounter) counter!: ReportCounter;
  @Field() description!: string;
}

@InputType()
class DossierRegisterFilterInput {
  @Field(() => ID, { description: 'The agency whose desk received the dossiers' }) agencyId!: string;
  @Field(() => DateScalar) from!: string;
  @Field(() => DateScalar, { description: 'Inclusive; at most 31 days after from' }) to!: string;
}

@ObjectType({
  description: 'A row of the dossier register (sổ theo dõi hồ sơ, Mẫu 07; Mẫu 06 before 15/9/2025)',
})
class DossierRegisterRow {
  @Field(() => Int, { description: 'STT' }) rowNumber!: number;
  @Field(() => ID) dossierId!: string;
  @Field({ description: 'Mã hồ sơ' }) code!: string;
  @Field({ description: 'Tên thủ tục hành chính' }) procedureName!: string;
  @Field(() => Int, { description: 'Số lượng hồ sơ (bộ)' }) copies!: number;
  @Field({ description: 'Tên cá nhân, tổ chức' }) applicantName!: string;
  @Field(() => String, { nullable: true, description: 'Địa chỉ, số điện thoại' })
  applicantContact!: string | null;
  @Field({ description: 'Cơ quan chủ trì giải quyết' }) competentAgencyName!: string;
  @Field({ description: 'Nhận hồ sơ' }) receivedAt!: Date;
  @Field(() => Date, { nullable: true, description: 'Hẹn trả kết quả' }) dueAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'Chuyển hồ sơ đến cơ quan giải quyết' })
  transferredAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'Nhận kết quả từ cơ quan giải quyết' })
  resultReceivedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'Trả kết quả cho cá nhân, tổ chức' })
  returnedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Ghi chú' }) note!: string | null;
}

@Resolver()
export class EndingsResolver {
  @Query(() => [DossierEndingRule], {
    description:
      'How each ending of a dossier enters Biểu II.06a (received = resolved + in progress + ended otherwise); public',
  })
  dossierEndings(): DossierEndingRule[] {
    return ENDINGS.map((r) => ({ ...r, statuses: [...r.statuses] }));
  }

  @Authorized(P.dossiersRead)
  @Query(() => [DossierRegisterRow], {
    description:
      "The register book (sổ theo dõi hồ sơ, Mẫu 07; Mẫu 06 before 15/9/2025) of an agency's desk for up to 31 days, in the order received",
  })
  dossierRegister(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => DossierRegisterFilterInput) filter: DossierRegisterFilterInput,
  ) {
    return registerBook(ctx, {
      agencyId: filter.agencyId,
      from: dateOfScalar(filter.from)!,
      to: dateOfScalar(filter.to)!,
    });
  }
}

@Resolver(() => Dossier)
export class DossierEndingResolver {
  @FieldResolver(() => DossierEnding, {
    nullable: true,
    description: 'How it ended (the endings table); null while open',
  })
  ending(@Root() d: Dossier): DossierEnding | null {
    return endingOf(d);
  }
}

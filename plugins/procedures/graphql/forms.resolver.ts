import { Arg, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { DateScalar, dateOfScalar, localToday } from '../../../src';
import { FORM_EDITIONS, formEditionOn, OneStopForm, type FormDefinition } from '../domain/forms';

@ObjectType({ description: 'A column of a form that is a table (control slip, register book)' })
class OneStopFormColumn {
  @Field({ description: 'Stable key (the field name in the register query)' }) key!: string;
  @Field({ description: 'Heading as printed' }) title!: string;
}

@ObjectType({ description: 'A form of the one-stop desk with its number and legal basis' })
class OneStopFormDefinition {
  @Field(() => OneStopForm) form!: OneStopForm;
  @Field({ description: "Number as printed, e.g. '01'" }) number!: string;
  @Field({ description: "'Mẫu số 01'" }) label!: string;
  @Field({ description: 'Vietnamese title as printed' }) title!: string;
  @Field() description!: string;
  @Field({ description: 'The legal texts that define the form and oblige the desk to use it' })
  basis!: string;
  @Field(() => [OneStopFormColumn]) columns!: OneStopFormColumn[];
}

@ObjectType({
  description: 'An edition of the one-stop forms: the text that numbers them and when it is in force',
})
class OneStopFormEdition {
  @Field({ description: "Stable key, e.g. 'TT03_2025'" }) key!: string;
  @Field({ description: 'The text that defines the forms' }) basis!: string;
  @Field(() => DateScalar, { description: 'First day in force (local)' }) validFrom!: string;
  @Field(() => DateScalar, { nullable: true, description: 'Last day in force (local); null while in force' })
  validUntil!: string | null;
  @Field(() => [OneStopFormDefinition]) forms!: OneStopFormDefinition[];
}

const copy = (f: FormDefinition): OneStopFormDefinition => ({
  ...f,
  columns: f.columns.map((c) => ({ ...c })),
});

@Resolver()
export class FormsResolver {
  @Query(() => [OneStopFormDefinition], {
    description:
      'The forms of the one-stop desk in force on a day (default today): Thông tư 01/2018/TT-VPCP (Mẫu 01-06) until 14/9/2025, Thông tư 03/2025/TT-VPCP (Mẫu 01-07) from 15/9/2025; public',
  })
  oneStopForms(
    @Arg('on', () => DateScalar, { nullable: true, description: 'The local day; default today' })
    on?: string | null,
  ): OneStopFormDefinition[] {
    return formEditionOn(on ? dateOfScalar(on) : localToday()).forms.map(copy);
  }

  @Query(() => [OneStopFormEdition], {
    description: 'Every edition of the one-stop forms with its period and legal basis, oldest first; public',
  })
  oneStopFormEditions(): OneStopFormEdition[] {
    return FORM_EDITIONS.map((e) => ({ ...e, forms: e.forms.map(copy) }));
  }
}

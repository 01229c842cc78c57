import { Field, ObjectType, Query, Resolver } from 'type-graphql';
import { ONE_STOP_FORMS, OneStopForm } from '../domain/forms';

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

@Resolver()
export class FormsResolver {
  @Query(() => [OneStopFormDefinition], {
    description:
      'The forms of the one-stop desk (Thông tư 01/2018/TT-VPCP, Mẫu 01-06) with their legal basis; public',
  })
  oneStopForms(): OneStopFormDefinition[] {
    return ONE_STOP_FORMS.map((f) => ({ ...f, columns: f.columns.map((c) => ({ ...c })) }));
  }
}

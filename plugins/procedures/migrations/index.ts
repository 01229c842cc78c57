import { Migration20261123000000_procedures_catalogue } from './Migration20261123000000_procedures_catalogue';
import { Migration20261123010000_procedures_dossiers } from './Migration20261123010000_procedures_dossiers';
import { Migration20261123020000_procedures_ratings } from './Migration20261123020000_procedures_ratings';
import { Migration20261123030000_procedures_statistics } from './Migration20261123030000_procedures_statistics';
import { Migration20261123040000_procedures_register_order } from './Migration20261123040000_procedures_register_order';
import { Migration20261123050000_procedures_involved_agencies } from './Migration20261123050000_procedures_involved_agencies';
import { Migration20261205010000_procedures_forms } from './Migration20261205010000_procedures_forms';
import { Migration20261205020000_procedures_apology_promise } from './Migration20261205020000_procedures_apology_promise';
import { Migration20261205100000_procedures_component_files } from './Migration20261205100000_procedures_component_files';
import { Migration20261205200000_procedures_competent_agency } from './Migration20261205200000_procedures_competent_agency';
import { Migration20261205210000_procedures_overdue } from './Migration20261205210000_procedures_overdue';
import { Migration20261205220000_procedures_result_refusal } from './Migration20261205220000_procedures_result_refusal';
import { Migration20261205230000_procedures_public_views } from './Migration20261205230000_procedures_public_views';
import { Migration20261205234500_procedures_supplement_rules } from './Migration20261205234500_procedures_supplement_rules';
import { Migration20261206000000_procedures_proposal } from './Migration20261206000000_procedures_proposal';
import { Migration20261206070000_procedures_stop_notice } from './Migration20261206070000_procedures_stop_notice';
import { Migration20261206080000_procedures_monthly_stat } from './Migration20261206080000_procedures_monthly_stat';
import { Migration20261206091000_procedures_dissatisfied_stat } from './Migration20261206091000_procedures_dissatisfied_stat';
import { Migration20261206040000_procedures_rating_dissatisfied_idx } from './Migration20261206040000_procedures_rating_dissatisfied_idx';
import { Migration20261206100000_procedures_point_in_time_stats } from './Migration20261206100000_procedures_point_in_time_stats';
import { Migration20261206123000_procedures_deadline_since_idx } from './Migration20261206123000_procedures_deadline_since_idx';
import { Migration20261206190200_procedures_local_time } from './Migration20261206190200_procedures_local_time';

/** In order. */
export const proceduresMigrations = [
  Migration20261123000000_procedures_catalogue,
  Migration20261123010000_procedures_dossiers,
  Migration20261123020000_procedures_ratings,
  Migration20261123030000_procedures_statistics,
  Migration20261123040000_procedures_register_order,
  Migration20261123050000_procedures_involved_agencies,
  Migration20261205010000_procedures_forms,
  Migration20261205020000_procedures_apology_promise,
  Migration20261205100000_procedures_component_files,
  Migration20261205200000_procedures_competent_agency,
  Migration20261205210000_procedures_overdue,
  Migration20261205220000_procedures_result_refusal,
  Migration20261205230000_procedures_public_views,
  Migration20261205234500_procedures_supplement_rules,
  Migration20261206000000_procedures_proposal,
  Migration20261206040000_procedures_rating_dissatisfied_idx,
  Migration20261206070000_procedures_stop_notice,
  Migration20261206080000_procedures_monthly_stat,
  Migration20261206091000_procedures_dissatisfied_stat,
  Migration20261206100000_procedures_point_in_time_stats,
  Migration20261206123000_procedures_deadline_since_idx,
  Migration20261206190200_procedures_local_time,
];

import { Migration } from '@mikro-orm/migrations';

/** A dossier component's scan and a dossier's result document are files of the core store. */
export class Migration20261205100000_procedures_component_files extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table procedures_dossier_component add column file_id uuid null references core_file (id) on delete restrict`,
    );
    this.addSql(
      `create index procedures_dossier_component_file_id_index on procedures_dossier_component (file_id)`,
    );
    this.addSql(
      `alter table procedures_dossier add column result_file_id uuid null references core_file (id) on delete restrict`,
    );
    this.addSql(
      `create index procedures_dossier_result_file_id_index on procedures_dossier (result_file_id) where result_file_id is not null`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table procedures_dossier_component drop column file_id`);
    this.addSql(`alter table procedures_dossier drop column result_file_id`);
  }
}

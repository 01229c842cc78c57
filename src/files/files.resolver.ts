import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../context';
import { StoredFile } from './stored-file.entity';

@Resolver(() => StoredFile)
export class StoredFileResolver {
  @FieldResolver(() => String, {
    description:
      'A signed link to download the file, valid for FILES_URL_TTL_SECONDS (default 15 minutes); whoever may see this file may download it',
  })
  downloadUrl(@Root() file: StoredFile, @Ctx() ctx: RequestContext): string {
    return ctx.app.files.signedUrl(file.id);
  }
}

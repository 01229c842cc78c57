import { Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from './context';

@ObjectType({ description: 'An enabled plugin' })
class PluginInfo {
  @Field() id!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => [String]) dependsOn!: string[];
}

@ObjectType({ description: 'What this server runs' })
class PlatformInfo {
  @Field() version!: string;
  @Field(() => [PluginInfo]) plugins!: PluginInfo[];
}

/**
 * The one "who am I": the verified token. Plugins add fields about the person (staff adds
 * `official`) with a field resolver on this type.
 */
@ObjectType('Me', {
  description: 'The signed-in user: what the verified token says, and what the plugins know of them',
})
export class Me {
  @Field() subject!: string;
  @Field() username!: string;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => [String]) roles!: string[];
  @Field(() => [String], { description: 'Permissions the roles grant' }) permissions!: string[];
  @Field(() => Date) tokenExpiresAt!: Date;
}

import { version } from '../package.json';

@Resolver()
export class PlatformResolver {
  @Query(() => PlatformInfo, { description: 'Public: version and enabled plugins' })
  platform(@Ctx() ctx: RequestContext): PlatformInfo {
    return {
      version,
      plugins: ctx.app.plugins.map((p) => ({
        id: p.id,
        description: p.description ?? null,
        dependsOn: p.dependsOn ?? [],
      })),
    };
  }

  @Query(() => Me, {
    nullable: true,
    description:
      'Public: the signed-in user (token, roles, permissions, official record), or null when anonymous',
  })
  me(@Ctx() ctx: RequestContext): Me | null {
    const user = ctx.user;
    if (!user) return null;
    return {
      subject: user.subject,
      username: user.username,
      name: user.name,
      roles: user.roles,
      permissions: [...user.permissions].sort(),
      tokenExpiresAt: user.expiresAt,
    };
  }
}

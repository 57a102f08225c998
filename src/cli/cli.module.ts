import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AllConfig } from '@/config/all-config.type';
import { appConfig } from '@/config/app.config';
import { databaseConfig } from '@/config/database.config';
import { typeormOptions } from '@/database/typeorm-options';
import { asAppRole } from '@/modules/audit/database-role';
import { AuthoritiesModule } from '@/modules/authorities/authorities.module';

/**
 * What the CLI commands need: config, the database and the authorities module (its real service and
 * repository). Unlike AppModule it leaves out the queues, so issuing a token needs no Redis.
 */
@Module({})
export class CliModule {
  /**
   * Built on demand, so that loading the CLI (e.g. for verify-export) registers no data source. `extra`:
   * the modules a command needs besides the directory (e.g. the federation node's identity).
   */
  static register(extra: Type[] = []): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          cache: true,
          envFilePath: ['.env'],
          load: [appConfig, databaseConfig],
        }),
        TypeOrmModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<AllConfig, true>) =>
            asAppRole(typeormOptions(config.get('database', { infer: true }).url, 2)),
        }),
        AuthoritiesModule,
        ...extra,
      ],
    };
  }
}

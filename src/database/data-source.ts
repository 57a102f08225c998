import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { readDatabaseConfig } from '@/config/database.config';
import { typeormOptions } from './typeorm-options';

/** For the TypeORM CLI (migration:generate --check, migration:revert) against the compiled code. */
export default new DataSource(typeormOptions(readDatabaseConfig().url));

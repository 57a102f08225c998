import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type FieldProblem, ValidationFailedError } from '@/common/errors/domain-error';
import { ChannelRegistry, type FourEyesPolicy, type FourEyesRequirement, WorkflowService } from '@/workflows';
import {
  type FourEyesPolicyResponse,
  type PutFourEyesPolicyDto,
  toFourEyesPolicyResponse,
} from './dto/four-eyes-policy.dto';
import { FourEyesPolicyRow, type FourEyesRule } from './entities/four-eyes-policy.entity';

/** How long other processes may apply a State's previous policy after a change (this one forgets at once). */
const CACHE_MS = 5000;

/**
 * The problems of a policy against the channels' tables: each rule names a channel and one of its user
 * actions, once.
 */
export function policyProblems(registry: ChannelRegistry, rules: readonly FourEyesRule[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  rules.forEach((r, i) => {
    const def = registry.find(r.channel);
    if (!def) {
      problems.push({
        field: `rules[${i}].channel`,
        messages: [`must be one of: ${registry.names().join(', ')}`],
      });
      return;
    }
    const userActions = def.machine.transitions.filter((t) => t.actors.length > 0).map((t) => t.action);
    if (!userActions.includes(r.action)) {
      problems.push({
        field: `rules[${i}].action`,
        messages: [`must be a user action of ${r.channel}: ${userActions.join(', ')}`],
      });
      return;
    }
    const key = `${r.channel} ${r.action}`;
    if (seen.has(key)) {
      problems.push({ field: `rules[${i}]`, messages: [`${key} is listed twice`] });
    }
    seen.add(key);
  });
  return problems;
}

/** Each State's four-eyes policy (node settings), read by the engine before a local user's action. */
@Injectable()
export class FourEyesPolicyService implements FourEyesPolicy, OnModuleInit {
  private readonly cache = new Map<string, { rules: FourEyesRule[]; until: number }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: ChannelRegistry,
    private readonly workflow: WorkflowService,
  ) {}

  onModuleInit(): void {
    this.workflow.setFourEyesPolicy(this);
  }

  async requirementFor(
    country: string,
    channel: string,
    action: string,
  ): Promise<FourEyesRequirement | null> {
    const rule = (await this.rules(country)).find((r) => r.channel === channel && r.action === action);
    return rule ? { country, channel, action, confirmerRole: rule.confirmerRole } : null;
  }

  async get(country: string): Promise<FourEyesPolicyResponse> {
    const row = await this.dataSource.getRepository(FourEyesPolicyRow).findOne({ where: { country } });
    return toFourEyesPolicyResponse(country, row);
  }

  async put(country: string, dto: PutFourEyesPolicyDto, userId: string): Promise<FourEyesPolicyResponse> {
    const rules: FourEyesRule[] = dto.rules.map((r) => ({
      channel: r.channel,
      action: r.action,
      confirmerRole: r.confirmerRole,
    }));
    const problems = policyProblems(this.registry, rules);
    if (problems.length > 0) {
      throw new ValidationFailedError(problems);
    }
    const repo = this.dataSource.getRepository(FourEyesPolicyRow);
    await repo.save(repo.create({ country, rules, updatedAt: new Date(), updatedByUserId: userId }));
    this.cache.delete(country);
    return this.get(country);
  }

  private async rules(country: string): Promise<FourEyesRule[]> {
    const hit = this.cache.get(country);
    if (hit && hit.until > Date.now()) {
      return hit.rules;
    }
    const row = await this.dataSource.getRepository(FourEyesPolicyRow).findOne({ where: { country } });
    const rules = row?.rules ?? [];
    this.cache.set(country, { rules, until: Date.now() + CACHE_MS });
    return rules;
  }
}

import type { RetentionService } from '@/modules/attachments/retention.service';
import type { DataSource } from 'typeorm';
import type { Principal } from '@/common/auth/principal';
import { AttachmentsService, type ReleaseCheck } from '@/modules/attachments/attachments.service';
import { AccessLogService } from '@/modules/audit/access-log.service';
import { AuthoritiesService } from '@/modules/authorities/authorities.service';
import { RequestsService } from '@/modules/requests/requests.service';
import { autoMock } from '@/test-utils/auto-mock';
import { type CooperationRequest, WorkflowService } from '@/workflows';
import { ConditionsService } from './conditions.service';
import { RequestCondition } from './entities/request-condition.entity';

const REQUEST_ID = '11111111-1111-4111-8111-111111111111';
const SENDER = '22222222-2222-4222-8222-222222222222';
const RECEIVER = '33333333-3333-4333-8333-333333333333';
const DOC = { id: 'doc-1', authorityId: SENDER, kind: 'evidence', filename: 'r.csv', sha256: 'a'.repeat(64) };

function principal(authorityId: string): Principal {
  return { userId: 'u-1', authorityId, roles: ['approver'] } as unknown as Principal;
}

function setup(rows: Partial<RequestCondition>[] = []) {
  const repo = {
    create: jest.fn((plain: object) => plain),
    find: jest.fn(() => Promise.resolve(rows)),
    findOne: jest.fn(() => Promise.resolve(rows[0] ?? null)),
  };
  const dataSource = { getRepository: jest.fn(() => repo) };
  const requests = autoMock(RequestsService);
  const workflow = autoMock(WorkflowService);
  const attachments = autoMock(AttachmentsService);
  const accessLog = autoMock(AccessLogService);
  const authorities = autoMock(AuthoritiesService);
  requests.authorityOf.mockImplementation((p: Principal) => p.authorityId as string);
  requests.visible.mockResolvedValue({ id: REQUEST_ID } as CooperationRequest);
  workflow.hasRemoteParty.mockResolvedValue(false);
  attachments.documentsOf.mockResolvedValue([DOC]);
  const sut = new ConditionsService(
    dataSource as unknown as DataSource,
    requests,
    workflow,
    attachments,
    accessLog,
    authorities,
    { setConditionSource: () => undefined } as unknown as RetentionService,
  );
  return { sut, workflow, attachments, repo };
}

describe('ConditionsService', () => {
  it('should register a release check that refuses a governed document until its conditions are accepted', async () => {
    const pending = {
      id: 'c-1',
      type: 'USE_LIMIT' as const,
      authorityId: SENDER,
      itemIds: [],
      acceptedAt: null,
    };
    const { sut, attachments } = setup([pending]);
    sut.onModuleInit();
    const check: ReleaseCheck = attachments.addReleaseCheck.mock.calls[0][0];
    const request = { id: REQUEST_ID } as CooperationRequest;
    await expect(check(request, DOC, { authorityId: RECEIVER, userId: 'u' })).rejects.toMatchObject({
      code: 'CONDITIONS_NOT_ACCEPTED',
      kind: 'conflict',
      details: [{ field: 'conditions.c-1', messages: ['USE_LIMIT: not accepted yet'] }],
    });
    await expect(check(request, DOC, { authorityId: SENDER, userId: 'u' })).resolves.toBeUndefined();
  });

  it('should refuse every write on a request with a party on another node, recording nothing', async () => {
    const { sut, workflow } = setup();
    workflow.hasRemoteParty.mockResolvedValue(true);
    const calls = [
      sut.attach(REQUEST_ID, { type: 'OTHER', text: 'x' }, principal(SENDER)),
      sut.accept(REQUEST_ID, 'c-1', principal(RECEIVER)),
      sut.askConsent(
        REQUEST_ID,
        { kind: 'onward-transfer', recipient: 'INTERPOL', purpose: 'x', items: ['doc-1'] },
        principal(RECEIVER),
      ),
      sut.grant(REQUEST_ID, 'k-1', {}, principal(SENDER)),
      sut.refuse(REQUEST_ID, 'k-1', { reasons: 'x' }, principal(SENDER)),
      sut.recordUse(
        REQUEST_ID,
        { kind: 'onward-transfer', recipient: 'INTERPOL', items: ['doc-1'] },
        principal(RECEIVER),
      ),
    ];
    for (const call of calls) {
      await expect(call).rejects.toMatchObject({ code: 'FEDERATED_REQUEST', kind: 'conflict' });
    }
    expect(workflow.recordEvent).not.toHaveBeenCalled();
  });

  it('should refuse an onward transfer without a granted consent before writing anything', async () => {
    const { sut, workflow, repo } = setup();
    repo.find.mockResolvedValue([]);
    await expect(
      sut.recordUse(
        REQUEST_ID,
        { kind: 'onward-transfer', recipient: 'INTERPOL', items: ['doc-1'] },
        principal(RECEIVER),
      ),
    ).rejects.toMatchObject({
      code: 'PRIOR_AUTHORISATION_REQUIRED',
      details: [{ field: 'items[0]' }],
    });
    expect(workflow.recordEvent).not.toHaveBeenCalled();
  });

  it("should refuse a condition on the other side's document, naming the item", async () => {
    const { sut, workflow } = setup();
    await expect(
      sut.attach(REQUEST_ID, { type: 'OTHER', text: 'x', items: ['doc-1'] }, principal(RECEIVER)),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'items[0]' }] });
    expect(workflow.recordEvent).not.toHaveBeenCalled();
  });
});

import type { ConfigService } from '@nestjs/config';
import type { DataSource } from 'typeorm';
import { ValidationFailedError } from '@/common/errors/domain-error';
import type { AllConfig } from '@/config/all-config.type';
import type { TimersConfig } from '@/config/timers.config';
import { StateSettings } from './entities/state-settings.entity';
import { type DeclarationsService, type DeclarationsWrite, normalise } from './declarations.service';
import { JurisdictionsService } from './jurisdictions.service';

const WRITER = {
  userId: '00000000-0000-4000-8000-000000000001',
  authorityId: null,
  roles: [],
  name: 'Admin',
};

/*
 * Hand mocks: the service takes a TypeORM DataSource (a type-only import, so there is no constructor
 * metadata for newTestService to mock) and the typed ConfigService.
 */
const TIMERS: TimersConfig = {
  preservationDays: 60,
  preservationMinDays: 60,
  preservationReminderDays: [14, 3],
  deadlineReminderDays: 7,
  statusEnquiryReminderDays: 14,
  provisionalArrestDays: 40,
  contactAcknowledgeMinutes: 30,
};

const DEFAULTS = {
  preservationDays: 60,
  preservationReminderDays: [14, 3],
  deadlineReminderDays: 7,
  statusEnquiryReminderDays: 14,
  provisionalArrestDays: 40,
  contactAcknowledgeMinutes: 30,
  interceptionOffences: null,
};

const T0 = new Date('2026-03-01T10:00:00.000Z').getTime();

function declared(country: string, values: Partial<StateSettings>): StateSettings {
  return Object.assign(new StateSettings(), {
    country,
    preservationDays: null,
    provisionalArrestDays: null,
    interceptionOffences: null,
    updatedAt: new Date(T0),
    ...values,
  });
}

function setup(rows: Record<string, StateSettings> = {}, timers: TimersConfig = TIMERS) {
  const stored = new Map(Object.entries(rows));
  const repo = {
    findOne: jest.fn((options: { where: { country: string } }) =>
      Promise.resolve(stored.get(options.where.country) ?? null),
    ),
    create: jest.fn((plain: Partial<StateSettings>) => Object.assign(new StateSettings(), plain)),
    save: jest.fn((entity: StateSettings) => {
      stored.set(entity.country, entity);
      return Promise.resolve(entity);
    }),
  };
  const dataSource = { getRepository: jest.fn(() => repo) };
  const config = { get: jest.fn(() => timers) };
  // The register writes a version and the periods row; here only the periods row, as it would.
  const declarations = {
    currentRecord: jest.fn((country: string) => {
      const row = stored.get(country);
      return Promise.resolve(
        row
          ? normalise({
              preservationDays: row.preservationDays,
              provisionalArrestDays: row.provisionalArrestDays,
              interceptionOffences: row.interceptionOffences,
            })
          : {},
      );
    }),
    write: jest.fn(async (w: DeclarationsWrite) => {
      const r = normalise(w.record);
      await repo.save(
        repo.create({
          country: w.country,
          preservationDays: (r.preservationDays as number | undefined) ?? null,
          provisionalArrestDays: (r.provisionalArrestDays as number | undefined) ?? null,
          interceptionOffences: (r.interceptionOffences as number[] | undefined) ?? null,
          updatedAt: new Date(),
        }),
      );
    }),
  };
  const sut = new JurisdictionsService(
    dataSource as unknown as DataSource,
    config as unknown as ConfigService<AllConfig, true>,
    declarations as unknown as DeclarationsService,
  );
  return { sut, repo, dataSource, config, stored };
}

describe('JurisdictionsService', () => {
  let now: jest.SpiedFunction<typeof Date.now>;

  beforeEach(() => {
    now = jest.spyOn(Date, 'now').mockReturnValue(T0);
  });

  afterEach(() => {
    now.mockRestore();
  });

  describe('timerSettings', () => {
    it('should give the configured defaults to a State that declared nothing', async () => {
      const { sut, repo, dataSource, config } = setup();
      await expect(sut.timerSettings('AUT')).resolves.toEqual(DEFAULTS);
      expect(dataSource.getRepository).toHaveBeenCalledWith(StateSettings);
      expect(repo.findOne).toHaveBeenCalledWith({ where: { country: 'AUT' } });
      expect(config.get).toHaveBeenCalledWith('timers', { infer: true });
    });

    it("should use a State's declared periods", async () => {
      const { sut } = setup({ AUT: declared('AUT', { preservationDays: 90, provisionalArrestDays: 18 }) });
      await expect(sut.timerSettings('AUT')).resolves.toEqual({
        ...DEFAULTS,
        preservationDays: 90,
        provisionalArrestDays: 18,
      });
    });

    it('should fall back to the default for each period the State left undeclared', async () => {
      const { sut } = setup({
        AUT: declared('AUT', { preservationDays: 90 }),
        GHA: declared('GHA', { provisionalArrestDays: 20 }),
      });
      await expect(sut.timerSettings('AUT')).resolves.toEqual({ ...DEFAULTS, preservationDays: 90 });
      await expect(sut.timerSettings('GHA')).resolves.toEqual({ ...DEFAULTS, provisionalArrestDays: 20 });
    });

    it('should keep reminders and enquiry periods engine-wide whatever the State declared', async () => {
      const { sut } = setup({ AUT: declared('AUT', { preservationDays: 120 }) });
      const s = await sut.timerSettings('AUT');
      expect(s.preservationReminderDays).toEqual([14, 3]);
      expect(s.deadlineReminderDays).toBe(7);
      expect(s.statusEnquiryReminderDays).toBe(14);
    });

    it('should keep a declared period in fractions of a day', async () => {
      const { sut } = setup({ AUT: declared('AUT', { preservationDays: 0.5 }) });
      expect((await sut.timerSettings('AUT')).preservationDays).toBe(0.5);
    });

    it('should answer from the cache within five seconds', async () => {
      const { sut, repo } = setup({ AUT: declared('AUT', { preservationDays: 90 }) });
      const first = await sut.timerSettings('AUT');
      now.mockReturnValue(T0 + 4999);
      await expect(sut.timerSettings('AUT')).resolves.toBe(first);
      expect(repo.findOne).toHaveBeenCalledTimes(1);
    });

    it('should read the State again once the cache has expired', async () => {
      const { sut, repo, stored } = setup({ AUT: declared('AUT', { preservationDays: 90 }) });
      await sut.timerSettings('AUT');
      stored.set('AUT', declared('AUT', { preservationDays: 75 }));
      now.mockReturnValue(T0 + 5000);
      expect((await sut.timerSettings('AUT')).preservationDays).toBe(75);
      expect(repo.findOne).toHaveBeenCalledTimes(2);
    });

    it("should surface a State's declaration of offences open to interception (art. 46)", async () => {
      const { sut } = setup({ AUT: declared('AUT', { interceptionOffences: [7, 8, 11] }) });
      await expect(sut.timerSettings('AUT')).resolves.toEqual({
        ...DEFAULTS,
        interceptionOffences: [7, 8, 11],
      });
      await expect(sut.get('AUT')).resolves.toMatchObject({ interceptionOffences: [7, 8, 11] });
    });

    it('should cache each State on its own', async () => {
      const { sut, repo } = setup({ AUT: declared('AUT', { preservationDays: 90 }) });
      expect((await sut.timerSettings('AUT')).preservationDays).toBe(90);
      expect((await sut.timerSettings('VNM')).preservationDays).toBe(60);
      expect((await sut.timerSettings('AUT')).preservationDays).toBe(90);
      expect(repo.findOne.mock.calls.map(([o]) => o.where.country)).toEqual(['AUT', 'VNM']);
    });
  });

  describe('get', () => {
    it('should say whether the State declared its own values', async () => {
      const { sut } = setup({ AUT: declared('AUT', { preservationDays: 90 }) });
      await expect(sut.get('AUT')).resolves.toEqual({
        country: 'AUT',
        preservationDays: 90,
        provisionalArrestDays: 40,
        interceptionOffences: null,
        declared: true,
      });
      await expect(sut.get('VNM')).resolves.toEqual({
        country: 'VNM',
        preservationDays: 60,
        provisionalArrestDays: 40,
        interceptionOffences: null,
        declared: false,
      });
    });
  });

  describe('update', () => {
    it('should store a declaration of interception offences in order, keep it on other edits, clear it with null', async () => {
      const { sut, stored } = setup();
      await expect(sut.update('AUT', { interceptionOffences: [11, 7] }, WRITER)).resolves.toMatchObject({
        interceptionOffences: [7, 11],
      });
      await sut.update('AUT', { provisionalArrestDays: 20 }, WRITER);
      expect(stored.get('AUT')?.interceptionOffences).toEqual([7, 11]);
      await expect(sut.update('AUT', { interceptionOffences: null }, WRITER)).resolves.toMatchObject({
        interceptionOffences: null,
      });
    });

    it.each([59, 59.999, 0, -1])(
      'should refuse a preservation period of %s days, below the floor, naming preservationDays',
      async (days) => {
        const { sut, repo } = setup();
        const attempt = sut.update('AUT', { preservationDays: days }, WRITER);
        await expect(attempt).rejects.toBeInstanceOf(ValidationFailedError);
        await expect(attempt).rejects.toMatchObject({
          code: 'VALIDATION_FAILED',
          kind: 'invalid',
          details: [
            {
              field: 'preservationDays',
              messages: ['must be at least 60 days (art. 42 preservation period)'],
            },
          ],
        });
        expect(repo.save).not.toHaveBeenCalled();
      },
    );

    it('should take the floor from the configuration', async () => {
      const { sut } = setup({}, { ...TIMERS, preservationDays: 100, preservationMinDays: 90 });
      await expect(sut.update('AUT', { preservationDays: 80 }, WRITER)).rejects.toMatchObject({
        details: [{ field: 'preservationDays', messages: [expect.stringContaining('at least 90 days')] }],
      });
      await expect(sut.update('AUT', { preservationDays: 90 }, WRITER)).resolves.toMatchObject({
        preservationDays: 90,
      });
    });

    it('should accept exactly the floor and store the declared period', async () => {
      const { sut, repo } = setup();
      await expect(sut.update('AUT', { preservationDays: 60 }, WRITER)).resolves.toEqual({
        country: 'AUT',
        preservationDays: 60,
        provisionalArrestDays: 40,
        interceptionOffences: null,
        declared: true,
      });
      expect(repo.save).toHaveBeenCalledWith(
        expect.objectContaining({ country: 'AUT', preservationDays: 60, provisionalArrestDays: null }),
      );
    });

    it('should store a longer period and use it at once, without waiting for the cache', async () => {
      const { sut } = setup();
      expect((await sut.timerSettings('AUT')).preservationDays).toBe(60);
      await expect(sut.update('AUT', { preservationDays: 90 }, WRITER)).resolves.toMatchObject({
        preservationDays: 90,
        declared: true,
      });
      expect((await sut.timerSettings('AUT')).preservationDays).toBe(90);
    });

    it('should restore the default when the period is set to null', async () => {
      const { sut, repo } = setup({
        AUT: declared('AUT', { preservationDays: 90, provisionalArrestDays: 18 }),
      });
      expect((await sut.timerSettings('AUT')).preservationDays).toBe(90);
      await expect(sut.update('AUT', { preservationDays: null }, WRITER)).resolves.toEqual({
        country: 'AUT',
        preservationDays: 60,
        provisionalArrestDays: 18,
        interceptionOffences: null,
        declared: true,
      });
      expect(repo.save).toHaveBeenCalledWith(
        expect.objectContaining({ country: 'AUT', preservationDays: null, provisionalArrestDays: 18 }),
      );
      expect((await sut.timerSettings('AUT')).preservationDays).toBe(60);
    });

    it('should keep a period the update does not mention', async () => {
      const { sut, repo } = setup({
        AUT: declared('AUT', { preservationDays: 90, provisionalArrestDays: 18 }),
      });
      await sut.update('AUT', { provisionalArrestDays: 30 }, WRITER);
      expect(repo.save).toHaveBeenCalledWith(
        expect.objectContaining({ preservationDays: 90, provisionalArrestDays: 30 }),
      );
      await sut.update('AUT', { preservationDays: 120 }, WRITER);
      expect(repo.save).toHaveBeenLastCalledWith(
        expect.objectContaining({ preservationDays: 120, provisionalArrestDays: 30 }),
      );
    });

    it('should not apply the preservation floor to the provisional-arrest period', async () => {
      const { sut } = setup();
      await expect(sut.update('AUT', { provisionalArrestDays: 10 }, WRITER)).resolves.toMatchObject({
        preservationDays: 60,
        provisionalArrestDays: 10,
      });
    });

    it('should stamp the change with the time it was made', async () => {
      const { sut, repo } = setup();
      const before = new Date();
      await sut.update('AUT', { preservationDays: 70 }, WRITER);
      const saved = repo.save.mock.calls[0][0];
      expect(saved.updatedAt.getTime()).toBeGreaterThanOrEqual(before.getTime());
    });
  });
});

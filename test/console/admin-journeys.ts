import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { mlaDraft } from '../../tools/samples/drafts';
import { newContext, pageProblems } from './browser';
import { type Check, check, type Env, ready, screenCheck, signedInContext } from './journeys';

/*
 * The operator's screens (/console/admin): each one in the six languages (axe, lang and dir, screenshots in
 * English and Arabic), and the operator's journeys: an authority and a user added, a token issued (shown
 * once) and signed in with; a State setting changed with its errors next to the field; a webhook added and
 * its deliveries seen; a peer node pinned by two admins, the one who added it refused when confirming.
 */

const hex = (fingerprint: string): string => fingerprint.replace(/[^0-9a-f]/gi, '').toLowerCase();

/** The error summary's text, once it shows. */
async function summaryText(page: Page): Promise<string> {
  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
  await summary.waitFor({ timeout: 10000 });
  return summary.innerText();
}

/**
 * The text of a field's error next to it (React Aria's FieldError inside the field), once it matches
 * `expected` (an earlier error may still show while the API answers); the last text seen otherwise.
 */
async function fieldError(page: Page, id: string, expected: RegExp): Promise<string> {
  const error = page
    .locator('.field')
    .filter({ has: page.locator(`[id="${id}"]`) })
    .locator('.react-aria-FieldError, .field-error');
  const until = Date.now() + 10000;
  let text = '';
  while (Date.now() < until) {
    text = (await error.count()) > 0 ? (await error.first().innerText()).trim() : '';
    if (expected.test(text)) {
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return text;
}

async function closing<T>(context: BrowserContext, use: (page: Page) => Promise<T>): Promise<T> {
  try {
    const page = await context.newPage();
    const result = await use(page);
    const problems = pageProblems(context);
    check(problems.length === 0, problems.join('; '));
    return result;
  } finally {
    await context.close();
  }
}

export function adminChecks(env: Env): Check[] {
  const w = env.world;
  const screens = [
    screenCheck(env, {
      name: 'admin-directory',
      title: 'Administration: directory',
      token: (x) => x.adminToken,
      path: () => '/admin/directory',
    }),
    screenCheck(env, {
      name: 'admin-users',
      title: 'Administration: users and tokens',
      token: (x) => x.adminToken,
      path: (x) => `/admin/users?authority=${x.vnm.id}`,
    }),
    screenCheck(env, {
      name: 'admin-settings',
      title: 'Administration: State settings',
      token: (x) => x.adminToken,
      path: () => '/admin/settings?country=AUT',
    }),
    screenCheck(env, {
      name: 'admin-webhooks',
      title: "Administration: webhooks (an authority's officer)",
      token: (x) => x.vnm.officer,
      path: () => '/admin/webhooks',
    }),
    screenCheck(env, {
      name: 'admin-webhooks-operator',
      title: 'Administration: webhooks (operator admin)',
      token: (x) => x.adminToken,
      path: () => '/admin/webhooks',
    }),
    screenCheck(env, {
      name: 'admin-peers',
      title: 'Administration: federation peers',
      token: (x) => x.adminToken,
      path: () => '/admin/peers',
    }),
    screenCheck(env, {
      name: 'admin-health',
      title: 'Administration: system health',
      token: (x) => x.adminToken,
      path: () => '/admin/health',
    }),
  ];
  return [
    ...screens,
    {
      name: 'admin: add an authority and a user, issue a token shown once, sign in with it in a fresh profile',
      async run() {
        const n = w.next();
        const code = `FRA-MJ-${n}-CA`;
        const token = await closing(await signedInContext(env, w.adminToken), async (page) => {
          await page.goto('/console/admin');
          await page.getByRole('heading', { level: 1, name: 'Directory of authorities' }).waitFor();
          await ready(page);
          // Nothing filled: every required field named in the summary and next to itself.
          await page.getByRole('button', { name: 'Add authority' }).click();
          const empty = await summaryText(page);
          for (const words of [
            'Enter the country',
            'Enter the code',
            'Enter the name',
            'Enter at least one language',
          ]) {
            check(empty.includes(words), `summary without "${words}": ${empty}`);
          }
          check(
            (await fieldError(page, 'authority-code', /^Enter the code$/)) === 'Enter the code',
            'no error next to Code',
          );
          // A malformed country: the API's 400 next to the field.
          await page.getByLabel('Country').fill('France');
          await page.getByLabel('Code', { exact: true }).fill(code);
          await page.getByLabel('Name', { exact: true }).fill('Ministère de la Justice (France)');
          await page.getByLabel('Kind').selectOption({ label: 'Central authority' });
          await page.getByLabel('Languages accepted').fill('fr, en');
          await page.getByRole('button', { name: 'Add authority' }).click();
          await summaryText(page);
          const countryError = await fieldError(page, 'authority-country', /alpha-3/);
          check(/alpha-3/.test(countryError), `country error: "${countryError}"`);
          await page.getByLabel('Country').fill('FRA');
          await page.getByRole('button', { name: 'Add authority' }).click();
          await page
            .getByRole('status')
            .filter({ hasText: `Authority ${code} added` })
            .waitFor();
          const row = page.getByRole('row').filter({ hasText: code });
          check((await row.innerText()).includes('Central authority'), 'the new row does not say its kind');

          await row.getByRole('link', { name: `Users of ${code}` }).click();
          await page.getByRole('heading', { level: 2, name: `Users of ${code}` }).waitFor();
          await ready(page);
          await page.getByRole('button', { name: 'Add user' }).click();
          const noRoles = await summaryText(page);
          check(
            noRoles.includes("Enter the user's name") && noRoles.includes('Choose at least one role'),
            noRoles,
          );
          await page.getByLabel('Full name').fill('Camille Martin');
          await page.getByLabel('Officer').check();
          await page.getByRole('button', { name: 'Add user' }).click();
          await page.getByRole('heading', { name: 'Access token for Camille Martin' }).waitFor();
          const warning = await page.locator('.issued-token').innerText();
          check(/shown only once/.test(warning), `no warning with the token: ${warning}`);
          const shown = await page.getByRole('textbox', { name: 'Access token' }).inputValue();
          check(/^ccr_[A-Za-z0-9_-]{43}$/.test(shown), `the token shown is "${shown}"`);
          // Keyboard: focus is on the token's panel; Tab reaches the token, then "Copy token", Enter copies.
          check(
            await page.evaluate("document.activeElement?.classList.contains('issued-token') === true"),
            'focus did not move to the token shown',
          );
          await page.keyboard.press('Tab');
          check(
            await page.evaluate("document.activeElement?.id === 'issued-token-value'"),
            'Tab does not reach the token',
          );
          await page.keyboard.press('Tab');
          const focused = await page.evaluate<string>('document.activeElement?.textContent ?? ""');
          check(focused === 'Copy token', `Tab reaches "${focused}", not "Copy token"`);
          await page.keyboard.press('Enter');
          await page
            .locator('.issued-token [role="status"]')
            .filter({ hasText: /Copied to the clipboard|did not allow copying/ })
            .waitFor();
          await page.getByRole('cell', { name: 'Never used' }).waitFor();

          // Shown once: gone after leaving the screen and coming back.
          await page.getByRole('link', { name: 'Directory' }).click();
          await page.getByRole('heading', { level: 1, name: 'Directory of authorities' }).waitFor();
          await page.goBack();
          await page.getByRole('heading', { level: 2, name: `Users of ${code}` }).waitFor();
          await ready(page);
          check(
            !(await page.content()).includes(shown),
            'the token is still on the page after navigating away',
          );
          check((await page.locator('.issued-token').count()) === 0, 'the token panel is still shown');
          return shown;
        });

        // The token signs in, in a profile that never saw the admin's.
        await closing(await newContext(env.browser, w.url), async (page) => {
          await page.goto('/console/');
          await page.getByLabel('Access token').fill(token);
          await page.getByRole('button', { name: 'Sign in' }).click();
          await page.getByRole('heading', { level: 1, name: 'My work' }).waitFor({ timeout: 15000 });
        });

        // Used, then revoked: the admin sees both, and a new token is shown once more.
        await closing(await signedInContext(env, w.adminToken), async (page) => {
          const authorities = (await w.api.expect(200, 'GET', '/v1/authorities', w.adminToken)) as {
            id: string;
            code: string;
          }[];
          const id = authorities.find((a) => a.code === code)?.id;
          check(id, `${code} is not in the directory`);
          await page.goto(`/console/admin/users?authority=${id}`);
          await ready(page);
          check((await page.getByRole('cell', { name: 'Never used' }).count()) === 0, 'last use not shown');
          await page.getByRole('button', { name: 'Revoke tokens of Camille Martin' }).click();
          await page
            .getByRole('status')
            .filter({ hasText: 'One token of Camille Martin revoked.' })
            .waitFor();
          await page.getByRole('cell', { name: /^Revoked on / }).waitFor();
          await page.getByRole('button', { name: 'Issue token for Camille Martin' }).click();
          const again = await page.getByRole('textbox', { name: 'Access token' }).inputValue();
          check(again !== token && again.startsWith('ccr_'), 'no new token shown');
          const res = await page.request.post('/v1/session', { data: { token } });
          check(res.status() === 401, `the revoked token still signs in (${res.status()})`);
        });
        return [`${code}: user added, token shown once, signed in with, revoked, another issued`];
      },
    },
    {
      name: 'admin: change a State setting (errors next to the field, then saved)',
      async run() {
        return closing(await signedInContext(env, w.adminToken), async (page) => {
          await page.goto('/console/admin/settings');
          await ready(page);
          await page.getByLabel('State').fill('FR');
          await page.getByRole('button', { name: 'Show settings' }).click();
          check((await summaryText(page)).includes('Enter a three-letter country code'), 'no country error');
          await page.getByLabel('State').fill('FRA');
          await page.getByRole('button', { name: 'Show settings' }).click();
          await page.getByRole('heading', { level: 2, name: 'In force for FRA' }).waitFor();
          await ready(page);
          const field = page.getByLabel('Preservation period (days)');
          await field.fill('ninety');
          await page.getByRole('button', { name: 'Save settings' }).click();
          check((await summaryText(page)).includes('Enter a number of days'), 'no error for a word');
          check(
            (await fieldError(page, 'settings-preservation', /number of days/)).includes(
              'Enter a number of days',
            ),
            'no error next to the field',
          );
          // Below the legal floor: the API's refusal, next to the field.
          await field.fill('10');
          await page.getByRole('button', { name: 'Save settings' }).click();
          await summaryText(page);
          const floor = await fieldError(page, 'settings-preservation', /60/);
          check(/60/.test(floor), `the floor is not explained: "${floor}"`);
          await field.fill('120');
          await page.getByRole('button', { name: 'Save settings' }).click();
          await page.getByRole('status').filter({ hasText: 'Settings of FRA saved.' }).waitFor();
          const shown = await page.locator('.summary-list').innerText();
          check(shown.includes('120 days') && shown.includes('Declared by the State'), shown);
          const api = (await w.api.expect(200, 'GET', '/v1/states/FRA/settings', w.adminToken)) as {
            preservationDays: number;
            declared: boolean;
          };
          check(api.preservationDays === 120 && api.declared, `the engine has ${JSON.stringify(api)}`);
          return ['FRA: preservation 120 days (a word and 10 refused next to the field)'];
        });
      },
    },
    {
      name: "admin: an authority's officer adds a webhook and sees its deliveries",
      async run() {
        const received: string[] = [];
        const receiver = createServer((req, res) => {
          let body = '';
          req.on('data', (c: Buffer) => (body += c.toString()));
          req.on('end', () => {
            received.push(body);
            res.statusCode = 204;
            res.end();
          });
        });
        await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
        const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
        try {
          return await closing(await signedInContext(env, w.vnm.officer), async (page) => {
            await page.goto('/console/admin/webhooks');
            await ready(page);
            await page.getByRole('button', { name: 'Add webhook' }).click();
            check((await summaryText(page)).includes('Enter the address'), 'no error for an empty address');
            await page.getByLabel('Address (URL)').fill('ftp://example.org/x');
            await page.getByRole('button', { name: 'Add webhook' }).click();
            const urlError = await fieldError(page, 'webhook-url', /http\(s\)/);
            check(/http\(s\)/.test(urlError), `no API error next to the address: "${urlError}"`);
            await page.getByLabel('Address (URL)').fill(url);
            await page.getByLabel('Description (optional)').fill('Case management system');
            await page.getByRole('button', { name: 'Add webhook' }).click();
            await page.getByRole('heading', { name: `Signing secret of ${url}` }).waitFor();
            check(
              (await page.getByRole('textbox', { name: 'Signing secret' }).inputValue()).startsWith('whsec_'),
              'no secret shown',
            );

            // An event of VNM's: a new draft.
            await w.api.expect(201, 'POST', '/v1/requests', w.vnm.officer, mlaDraft(w.aut.id, w.next()));
            const until = Date.now() + 20000;
            while (received.length === 0) {
              check(Date.now() < until, 'the receiver got nothing within 20 s');
              await new Promise((r) => setTimeout(r, 200));
            }
            await page.getByRole('button', { name: `Show deliveries to ${url}` }).click();
            await page.getByRole('heading', { name: `Deliveries to ${url}` }).waitFor();
            await ready(page);
            const table = page.locator('table').last();
            const deadline = Date.now() + 10000;
            while (!(await table.innerText()).includes('Delivered')) {
              check(Date.now() < deadline, `no delivered row: ${await table.innerText()}`);
              await page.getByRole('button', { name: 'Refresh deliveries' }).click();
              await ready(page);
            }
            const text = await table.innerText();
            check(
              text.includes('Answered 204') && text.includes('None scheduled'),
              `the attempt's answer or the next retry is not shown: ${text}`,
            );
            await page.getByRole('button', { name: `Delete webhook ${url}` }).click();
            await page.getByText('No webhooks yet.').waitFor();
            return [`webhook ${url}: ${received.length} delivered, shown with its attempt, then deleted`];
          });
        } finally {
          await new Promise((resolve) => receiver.close(resolve));
        }
      },
    },
    {
      name: 'admin pins a peer: one admin adds it by origin, the same admin is refused, a second confirms with the fingerprint',
      async run() {
        return w.withPeerNode(async (peer) => {
          const lines: string[] = [];
          const peerId = await closing(await signedInContext(env, w.adminToken), async (page) => {
            await page.goto('/console/admin/peers');
            await ready(page);
            await page.getByLabel('Node address (origin)').fill(peer.origin);
            await page.getByRole('button', { name: 'Add peer' }).click();
            const added = page.getByRole('status').filter({ hasText: `${peer.origin} added` });
            await added.waitFor({ timeout: 20000 });
            const shown = await added.innerText();
            check(
              hex(shown).includes(hex(peer.fingerprint)),
              `the fingerprint shown is not the peer's: ${shown}`,
            );
            const card = page.locator('.admin-peer').filter({ hasText: peer.origin });
            check((await card.innerText()).includes('Waiting for confirmation'), 'not shown as pending');
            check(
              (await card.innerText()).includes('another administrator must confirm it'),
              'the admin who added it is not told that another must confirm',
            );
            // The same admin confirming: refused, in words, next to the field and in the summary.
            await card.getByLabel(`Fingerprint of ${peer.origin}`).fill(peer.fingerprint);
            await card.getByRole('button', { name: 'Confirm' }).click();
            const refused = await summaryText(page);
            check(refused.includes('you cannot confirm it too'), `refusal: ${refused}`);
            const next = await fieldError(
              page,
              `confirm-${await peerIdOf(page, peer.origin)}`,
              /Another administrator must confirm it/,
            );
            check(next.includes('Another administrator must confirm it'), `next to the field: "${next}"`);
            lines.push('the admin who added it: refused ("you cannot confirm it too")');
            return peerIdOf(page, peer.origin);
          });
          const pending = (await w.api.expect(200, 'GET', '/v1/federation/peers', w.adminToken)) as {
            id: string;
            status: string;
          }[];
          check(
            pending.find((p) => p.id === peerId)?.status === 'PENDING_CONFIRMATION',
            'not pending after refusal',
          );

          // The pending peer as the other admin sees it, in every language.
          await screenCheck(env, {
            name: 'admin-peers-pending',
            title: 'peers, pending',
            token: (x) => x.secondAdminToken,
            path: () => '/admin/peers',
          }).run();

          await closing(await signedInContext(env, w.secondAdminToken), async (page) => {
            await page.goto('/console/admin/peers');
            await ready(page);
            const card = page.locator('.admin-peer').filter({ hasText: peer.origin });
            check((await card.innerText()).includes('Another administrator added this peer'), 'not offered');
            const field = card.getByLabel(`Fingerprint of ${peer.origin}`);
            // A wrong fingerprint first: refused next to the field.
            await field.fill('0'.repeat(64));
            await card.getByRole('button', { name: 'Confirm' }).click();
            check(
              (await summaryText(page)).includes('does not match'),
              'a wrong fingerprint was not refused',
            );
            // Typed as read aloud: groups of four, lower case.
            await field.fill(
              hex(peer.fingerprint)
                .replace(/(.{4})/g, '$1 ')
                .trim(),
            );
            await card.getByRole('button', { name: 'Confirm' }).click();
            await page
              .getByRole('status')
              .filter({ hasText: `${peer.origin} is now pinned.` })
              .waitFor();
            await page.locator('.admin-peer').filter({ hasText: 'Pinned (trusted)' }).waitFor();
            check((await card.innerText()).includes('Confirmed by'), 'who confirmed is not shown');
            lines.push('the second admin: a wrong fingerprint refused, then pinned');
            // Suspended before the peer node stops (no deliveries to a node that is gone).
            await card.getByRole('button', { name: `Suspend ${peer.origin}` }).click();
            await page
              .getByRole('status')
              .filter({ hasText: `${peer.origin} is now suspended.` })
              .waitFor();
          });
          const after = (await w.api.expect(200, 'GET', '/v1/federation/peers', w.adminToken)) as {
            id: string;
            status: string;
            confirmedBy: { id: string } | null;
          }[];
          const row = after.find((p) => p.id === peerId);
          check(row?.status === 'SUSPENDED' && row.confirmedBy, `the engine has ${JSON.stringify(row)}`);
          lines.push('suspended from the console');
          return lines;
        });
      },
    },
  ];
}

/** The id of the peer shown with this origin (its confirm field is `confirm-<id>`). */
async function peerIdOf(page: Page, origin: string): Promise<string> {
  const card = page.locator('.admin-peer').filter({ hasText: origin });
  const id = await card.locator('input[id^="confirm-"]').getAttribute('id');
  check(id, `no confirm field for ${origin}`);
  return id.slice('confirm-'.length);
}

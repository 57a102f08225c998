import { type Check, type Env, type Screen, screenCheck } from './journeys';

/*
 * The 24/7 network contact channel (UNCC art. 41) in the console: the case page of a ticket on the requested
 * side (Austria's point of contact, the ticket delivered and waiting for acknowledgement, its reminder clock
 * running), in every language. The ticket is made on first use (ConsoleWorld.ticket247), not at world startup.
 */

/**
 * A screen of the world's 24/7 ticket, as an officer of Austria's point of contact: both exist before the
 * screen check reads its token and path.
 */
function ticketScreen(
  env: Env,
  screen: Pick<Screen, 'name' | 'title'>,
  path: (ticket: string) => string,
): Check {
  let seen: { ticket: string; officer: string } | null = null;
  const inner = screenCheck(env, {
    ...screen,
    token: () => seen?.officer ?? null,
    path: () => (seen ? path(seen.ticket) : '/'),
  });
  return {
    name: inner.name,
    async run() {
      const ticket = await env.world.ticket247();
      seen = { ticket, officer: (await env.world.aut247()).officer };
      return inner.run();
    },
  };
}

export function contactChecks(env: Env): Check[] {
  return [
    ticketScreen(
      env,
      {
        name: 'request-contact-24-7-requested-side',
        title: 'Case page of a 24/7 ticket (requested side)',
      },
      (ticket) => `/requests/${ticket}`,
    ),
  ];
}

// "My work": four cards from the listing routes (both boxes, first 100 of each): awaiting my answer, deadlines
// this week, undelivered (sent, not yet in the counterpart's inbox) and drafts.
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Loading, Urgency } from '../components/States';
import { useDates, useLabels } from '../format';
import { useT } from '../i18n/t';
import type { MessageKey } from '../i18n/locale';
import { awaitsMe, byDeadline, loadPage, terminalStates, type ListedRequest } from '../requests';
import { useSignedIn } from '../session-context';
import { useWorkflows } from '../workflows';

const CARD_SIZE = 5;
const WEEK_MS = 7 * 24 * 3600 * 1000;

interface Cards {
  awaiting: ListedRequest[];
  deadlines: ListedRequest[];
  undelivered: ListedRequest[];
  drafts: ListedRequest[];
}

export function MyWork() {
  const t = useT();
  const session = useSignedIn();
  const workflows = useWorkflows();
  const [cards, setCards] = useState<Cards | null>(null);
  const caseUser = session.user.authorityId !== null && !session.user.roles.includes('admin');

  useEffect(() => {
    if (!workflows || !caseUser) {
      return;
    }
    let live = true;
    const terminal = terminalStates(workflows);
    void Promise.all([
      loadPage('incoming', { limit: 100 }, terminal),
      loadPage('outgoing', { limit: 100 }, terminal),
    ]).then(([incoming, outgoing]) => {
      if (!live) {
        return;
      }
      const inItems = incoming?.items ?? [];
      const outItems = outgoing?.items ?? [];
      const all = [...inItems, ...outItems].sort(byDeadline);
      const horizon = new Date(Date.now() + WEEK_MS).toISOString();
      setCards({
        awaiting: all.filter((r) => awaitsMe(r, session.user.roles, workflows)),
        deadlines: all.filter((r) => r.deadline !== null && r.deadline <= horizon && !terminal.has(r.status)),
        undelivered: outItems.filter((r) => r.submittedAt && !r.deliveredAt && !terminal.has(r.status)),
        drafts: outItems.filter((r) => r.status === 'DRAFT'),
      });
    });
    return () => {
      live = false;
    };
  }, [workflows, caseUser, session.user.roles]);

  return (
    <section>
      <h1>{t('myWork.title')}</h1>
      {!caseUser ? (
        <p>{t('myWork.operator')}</p>
      ) : !cards ? (
        <Loading />
      ) : (
        <div className="cards">
          <Card title="myWork.awaiting" items={cards.awaiting} />
          <Card title="myWork.deadlines" items={cards.deadlines} />
          <Card title="myWork.undelivered" items={cards.undelivered} />
          <Card title="myWork.drafts" items={cards.drafts} />
        </div>
      )}
    </section>
  );
}

function Card({ title, items }: { title: MessageKey; items: ListedRequest[] }) {
  const t = useT();
  const labels = useLabels();
  const { dateTime } = useDates();
  const id = `card-${title.replace('.', '-')}`;
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{t(title)}</h2>
      <p className="card-count">{t('myWork.count', { count: items.length })}</p>
      {items.length === 0 ? (
        <p>{t('myWork.empty')}</p>
      ) : (
        <ul>
          {items.slice(0, CARD_SIZE).map((r) => (
            <li key={r.id}>
              <Link to={`/requests/${r.id}`}>{r.reference}</Link> — {labels.status(r.status)}
              {r.urgency !== 'normal' && (
                <>
                  {' '}
                  <Urgency value={r.urgency} />
                </>
              )}
              {r.deadline && <span className="muted"> · {dateTime(r.deadline)}</span>}
            </li>
          ))}
        </ul>
      )}
      {items.length > CARD_SIZE && (
        <p className="muted">{t('myWork.more', { count: items.length - CARD_SIZE })}</p>
      )}
    </section>
  );
}

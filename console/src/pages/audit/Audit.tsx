// Placeholder screen: replaced by the audit area's screens.
import { useT } from '../../i18n/t';

export function Audit() {
  const t = useT();
  return <h1>{t('nav.audit')}</h1>;
}

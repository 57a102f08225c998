// Placeholder screen: replaced by the admin area's screens.
import { useT } from '../../i18n/t';

export function Admin() {
  const t = useT();
  return <h1>{t('nav.admin')}</h1>;
}

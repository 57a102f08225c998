// Placeholder screen: replaced by the wizard area's screens.
import { useT } from '../../i18n/t';

export function NewRequest() {
  const t = useT();
  return <h1>{t('nav.new')}</h1>;
}

import { createTemplateEngine } from '../src/template/engine.ts';
import { checkValue } from '../src/template/check.ts';
const e = createTemplateEngine();
for (const t of ['{% if %}x{% endif %}', '{% for x in %}{% endfor %}', '{% set %}', '{% if true %}x{% endif %}']) {
  console.log(t, JSON.stringify(checkValue(t)));
  try {
    console.log(JSON.stringify(e.renderString(t, {})));
  } catch (err) {
    console.log('ERR', (err as Error).message);
  }
}

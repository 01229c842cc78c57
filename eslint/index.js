'use strict';

/** The project's own ESLint rules, registered in eslint.config.js as the `local` plugin. */
module.exports = {
  meta: { name: 'eslint-plugin-local' },
  rules: {
    'import-boundaries': require('./import-boundaries'),
    'outside-calls': require('./outside-call-check'),
    'staff-boundary': require('./staff-boundary'),
  },
};

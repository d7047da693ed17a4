// Allure 3 configuration (`allure generate` reads it): report name, history, failure-class categories, tree grouping.
// The categories are generated from the failure catalogue (src/report/categories.ts); tsx loads them here.
import { tsImport } from 'tsx/esm/api';

const { allureCategories } = await tsImport('./src/report/categories.ts', import.meta.url);

export default {
  name: 'Golden Path',
  output: 'allure-report',
  // `npm run report` sets ALLURE_HISTORY_PATH (--history); nightly CI restores and saves the file between runs.
  historyPath: process.env.ALLURE_HISTORY_PATH || './.allure-history/history.jsonl',
  categories: { rules: allureCategories() },
  plugins: {
    awesome: {
      options: {
        reportName: 'Golden Path',
        // Project (environment) → file → describe for tests; "SLA" → environment and "Load" → scenario for the harness's own.
        groupBy: ['parentSuite', 'suite', 'subSuite'],
      },
    },
  },
};

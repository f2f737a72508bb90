// The Mozilla HTTP Observatory's grading, run against a site on loopback ports.
//
// The package's own `scan()` takes only a host name (standard ports 80 and 443), so this
// does what it does with the ports given: the package's retriever, its ten tests and its
// grader. Usage: node observatory.mjs HOST HTTP_PORT HTTPS_PORT [PATH]. Prints JSON: grade, score
// and each test's result. NODE_EXTRA_CA_CERTS must name the test server's certificate.
import { existsSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { retrieve } from "@mdn/mdn-http-observatory/src/retriever/retriever.js";
import { ALL_TESTS } from "@mdn/mdn-http-observatory/src/constants.js";
import { MINIMUM_SCORE_FOR_EXTRA_CREDIT } from "@mdn/mdn-http-observatory/src/grader/charts.js";
import {
  getGradeForScore,
  getScoreModifier,
} from "@mdn/mdn-http-observatory/src/grader/grader.js";

// The package's install script (skipped: `npm ci --ignore-scripts`) downloads the browsers'
// HSTS preload list, which only says whether a public host is preloaded. A loopback host
// never is, so an empty list grades it the same.
const preloadList = fileURLToPath(
  new URL("../../node_modules/@mdn/mdn-http-observatory/conf/hsts-preload.json", import.meta.url)
);
if (!existsSync(preloadList)) writeFileSync(preloadList, "{}");

const [host, httpPort, httpsPort, path = "/"] = process.argv.slice(2);
const requests = await retrieve(host, { httpPort, httpsPort, path });
if (!requests.responses.auto) {
  console.log(JSON.stringify({ error: "The site seems to be down." }));
  process.exit(1);
}

let withExtraCredit = 100;
let uncurved = 100;
const tests = {};
for (const test of ALL_TESTS) {
  const result = test(requests);
  const modifier = result.result ? getScoreModifier(result.result) : 0;
  withExtraCredit += modifier;
  if (modifier < 0) uncurved += modifier;
  tests[result.constructor.name] = { result: result.result, pass: result.pass, modifier };
}
const score = uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? withExtraCredit : uncurved;
const final = getGradeForScore(score);
console.log(
  JSON.stringify({ grade: final.grade, score: final.score, status: requests.responses.auto.status, tests })
);

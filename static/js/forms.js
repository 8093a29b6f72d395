/*
 * Form helpers used on every page (loaded by base.html). Every form works
 * without this file.
 */
(function () {
  "use strict";
})();

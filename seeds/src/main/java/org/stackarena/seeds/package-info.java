/**
 * Named seed sets (smoke, ci, full) as data files, and their loader. Depends on Jackson only.
 */
package org.stackarena.seeds;

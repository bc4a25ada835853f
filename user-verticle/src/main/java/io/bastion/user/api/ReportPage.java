package io.bastion.user.api;

import io.bastion.user.error.ApiException;
import io.bastion.user.error.Reason;

/**
 * A page of reports: {@code first} reports (at most {@link #MAX}) with a version above {@code after}, oldest
 * first. A whole history can be large (a report carries its findings), so no call returns more than a page.
 */
final class ReportPage {

  static final String FIRST = "first";
  static final String AFTER = "after";
  /** The most reports one call returns, and the page size when the caller names none. */
  static final int MAX = 100;

  private ReportPage() {
  }

  /** The page size a {@code first} argument asks for (null: the default); beyond the bounds is INVALID_INPUT. */
  static int size(Object first) {
    if (first == null) {
      return MAX;
    }
    int n = ((Number) first).intValue();
    if (n < 1 || n > MAX) {
      throw ApiException.invalid(Reason.OUT_OF_RANGE, "first must be between 1 and " + MAX,
          java.util.Map.of("field", "first", "min", 1, "max", MAX));
    }
    return n;
  }

  /** What a {@code first} argument costs in the complexity count: a bad one is refused later, by {@link #size}. */
  static int cost(Object first) {
    return first instanceof Number n && n.intValue() >= 1 && n.intValue() <= MAX ? n.intValue() : MAX;
  }
}

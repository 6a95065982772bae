package io.nas4j.evaluator.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CollectionPacingTest {

  /** A clock that stands still unless moved; each collection takes {@code cost} of it. */
  private static final class FakeTime {
    long now = 1_000;
    long cost = 10;
    int collections;

    CollectionPacing pacing() {
      return new CollectionPacing(
          () -> now,
          () -> {
            collections++;
            now += cost;
          });
    }
  }

  private static void iterate(CollectionPacing.Pacer pacer, int times) {
    for (int i = 0; i < times; i++) {
      pacer.afterIteration();
    }
  }

  @Test
  void theFirstCollectionComesAfterTheLeastIterations() {
    FakeTime time = new FakeTime();
    CollectionPacing.Pacer pacer = time.pacing().pacer(20);
    iterate(pacer, 19);
    assertEquals(0, time.collections);
    iterate(pacer, 1);
    assertEquals(1, time.collections);
  }

  @Test
  void theNextWaitsUntilItsCostIsASmallShareOfTheTime() {
    FakeTime time = new FakeTime();
    CollectionPacing.Pacer pacer = time.pacing().pacer(20);
    iterate(pacer, 20);
    assertEquals(1, time.collections);
    // the collection took 10 ns: the next is due 50 x 10 ns after it ended
    iterate(pacer, 40);
    assertEquals(1, time.collections);
    time.now += CollectionPacing.COST_RATIO * time.cost - 1;
    iterate(pacer, 1);
    assertEquals(1, time.collections);
    time.now += 1;
    iterate(pacer, 1);
    assertEquals(2, time.collections);
  }

  @Test
  void aCollectionIsDueAfterTheMostIterationsWhateverItCosts() {
    FakeTime time = new FakeTime();
    CollectionPacing.Pacer pacer = time.pacing().pacer(20);
    iterate(pacer, 20);
    time.now += 1_000_000;
    time.cost = 1_000_000_000;
    iterate(pacer, 20);
    assertEquals(2, time.collections);
    // that one took a second: no time passes now, so only the count makes one due
    iterate(pacer, CollectionPacing.MAX_FACTOR * 20 - 1);
    assertEquals(2, time.collections);
    iterate(pacer, 1);
    assertEquals(3, time.collections);
  }

  @Test
  void oneTrainingsCollectionCountsForTheOthers() {
    FakeTime time = new FakeTime();
    CollectionPacing pacing = time.pacing();
    CollectionPacing.Pacer first = pacing.pacer(20);
    CollectionPacing.Pacer second = pacing.pacer(20);
    iterate(second, 15);
    iterate(first, 20);
    assertEquals(1, time.collections);
    time.now += 1_000_000;
    // the second's 15 mini-batches were before the collection: it needs 20 more
    iterate(second, 19);
    assertEquals(1, time.collections);
    iterate(second, 1);
    assertEquals(2, time.collections);
  }

  @Test
  void noCollectionsWithZeroIterations() {
    FakeTime time = new FakeTime();
    CollectionPacing.Pacer pacer = time.pacing().pacer(0);
    time.now += 1_000_000_000;
    iterate(pacer, 10_000);
    assertEquals(0, time.collections);
    assertThrows(
        IllegalArgumentException.class, () -> Trainer.Options.defaults().withGcMinIterations(-1));
  }
}

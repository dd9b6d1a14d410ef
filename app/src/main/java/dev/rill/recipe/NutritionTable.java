package dev.rill.recipe;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The nutrition table and the lists that go with it ({@link FoodCatalog}), loaded once. Loading starts when the
 * bean is created, on Reactor's bounded-elastic scheduler (reading a class-path resource blocks), and its result
 * is cached: callers before the end of loading wait without holding a thread, callers after get it at once.
 */
@Component
class NutritionTable {

    private static final Logger log = LoggerFactory.getLogger(NutritionTable.class);

    private final Mono<FoodCatalog> catalog;

    NutritionTable() {
        this.catalog = Mono.fromCallable(FoodCatalog::load)
                .subscribeOn(Schedulers.boundedElastic())
                .doOnNext(loaded -> log.debug("Nutrition table loaded: {} foods", loaded.matcher().foods().size()))
                .doOnError(e -> log.error("Cannot load the nutrition table; recipes will fail", e))
                .cache();
        // Start now, at start-up, so that the first recipe does not pay for the parsing.
        this.catalog.subscribe(loaded -> { }, e -> { });
    }

    Mono<FoodCatalog> catalog() {
        return catalog;
    }
}

package dev.rill.durability;

/** A server a fault test owns and can take down and bring back on the same address. */
interface StoppableServer extends AutoCloseable {

    /** Stops the server as a crash would. */
    void stop();

    /** Starts it again on the same port, with the data it had. */
    void startAgain();

    /** Removes it for good; never throws. */
    @Override
    void close();
}

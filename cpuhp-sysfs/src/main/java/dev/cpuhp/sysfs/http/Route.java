package dev.cpuhp.sysfs.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/** One endpoint's handler; it may refuse a request (having answered it). */
interface Route {
    void handle(HttpExchange ex) throws IOException, Answers.Refused;
}

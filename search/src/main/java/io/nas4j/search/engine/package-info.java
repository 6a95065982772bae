/** The plug-in point for engines that train candidates outside this JVM (e.g. Apache Spark). */
package io.nas4j.search.engine;

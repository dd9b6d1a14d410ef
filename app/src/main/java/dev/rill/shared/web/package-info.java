/** Web helpers every feature's handlers use: JSON body reading, problem rendering, the current user. */
package dev.rill.shared.web;

# Runs BoolNet's exhaustive synchronous attractor search on one bnet file and prints the number
# of attractors, their lengths and basin sizes (sorted), for benches/compare/run.sh.
suppressMessages(library(BoolNet))
args <- commandArgs(trailingOnly = TRUE)
net <- loadNetwork(args[1])
a <- getAttractors(net, type = "synchronous", method = "exhaustive")
lengths <- sort(sapply(a$attractors, function(x) ncol(x$involvedStates)))
basins <- sort(sapply(a$attractors, function(x) x$basinSize))
cat("attractors", length(a$attractors), "\n")
cat("lengths", lengths, "\n")
cat("basins", basins, "\n")

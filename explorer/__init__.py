"""Chain Rule Explorer: draw the chain rules of deep learning as data-flow graphs."""

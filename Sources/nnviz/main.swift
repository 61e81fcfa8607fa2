print("nnviz: under construction")
